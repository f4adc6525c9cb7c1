// Compile-time checks of the TokenVerifier declarations of index.d.ts (never executed).
import { TokenVerifier, type CognitoJwtPayload, type ErrorCode } from 'cognito-mfa';

export async function protect(token: string): Promise<string> {
  const verifier = new TokenVerifier({ userPoolId: 'us-east-1_AbCdEfGhI', tokenUse: 'access', clientId: ['a', 'b'], scopes: 'orders/read', grace: 5 });
  const many = new TokenVerifier({ pools: [{ userPoolId: 'us-east-1_AbCdEfGhI', tokenUse: 'id', clientId: 'a', issuer: 'http://127.0.0.1:9229/us-east-1_AbCdEfGhI' }] });
  await many.hydrate();
  const payload: CognitoJwtPayload = await verifier.verify(token);
  const again: CognitoJwtPayload = verifier.verifySync(token);
  const uris: string[] = verifier.jwksUris;
  const use: 'id' | 'access' = payload.token_use;
  const groups: string[] | undefined = payload['cognito:groups'];
  const codes: ErrorCode[] = ['JwtExpiredError', 'JwtAudienceError', 'JwksWaitPeriodError'];
  void [again, uris, groups, codes];
  // @ts-expect-error: the token use is 'id' or 'access'
  new TokenVerifier({ userPoolId: 'us-east-1_AbCdEfGhI', tokenUse: 'refresh', clientId: 'a' });
  return use;
}
