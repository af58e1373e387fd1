/** The part of Anti-Captcha's official client (index.js, plain JavaScript) the tests call. */
declare module '@antiadmin/anticaptchaofficial' {
  type Solve = (...args: unknown[]) => Promise<unknown>;
  const ac: {
    settings: Record<string, unknown>;
    setAPIKey(key: string): void;
    shutUp(): void;
    solveRecaptchaV3: Solve;
    solveRecaptchaV3Enterprise: Solve;
    solveRecaptchaV2Proxyless: Solve;
    solveRecaptchaV2ProxyOn: Solve;
    solveRecaptchaV2EnterpriseProxyless: Solve;
    solveHCaptchaProxyless: Solve;
    solveAmazonProxyless: Solve;
    solveAltchaProxyless: Solve;
    solveFriendlyCaptchaProxyless: Solve;
    solveProsopoProxyless: Solve;
    solveGeeTestProxyless: Solve;
    solveGeeTestV4Proxyless: Solve;
    solveImageToCoordinates: Solve;
    solveTurnstileProxyless: Solve;
    solveFunCaptchaProxyless: Solve;
    solveImage: Solve;
  };
  export default ac;
}
