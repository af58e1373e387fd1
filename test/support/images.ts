/** Small images made in the test: a real 1×1 PNG, and one whose base64 holds `+` and `/`. */
export const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const pngWithPlus = Buffer.concat([png, Buffer.from([0, 0, 0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff])]);
export const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
export const notAnImage = Buffer.from('%PDF-1.4 not an image at all');
