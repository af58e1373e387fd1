/**
 * A self-signed certificate for the names legacy tools hard-code, made as the README's recipe
 * makes it (openssl, an EC key, valid one day), written into `dir`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function makeCertificate(dir: string, altNames: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=2captcha.com',
      '-addext',
      `subjectAltName=${altNames}`,
    ],
    { stdio: 'pipe' },
  );
  return { cert, key };
}
