// Compile-time checks of bindings-node/compat.d.ts: amazon-cognito-identity-js-style code
// type-checks against `cognito-mfa/compat` (never executed).
import * as AmazonCognitoIdentity from 'cognito-mfa/compat';
import type { CognitoUserSession } from 'cognito-mfa/compat';

const pool = new AmazonCognitoIdentity.CognitoUserPool({ UserPoolId: 'us-east-1_AbC', ClientId: 'client' });
const cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'alice', Pool: pool });
const authDetails = new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'alice', Password: 'pw' });
declare function prompt(message: string): string;

cognitoUser.authenticateUser(authDetails, {
  onSuccess: (session: CognitoUserSession) => console.log(session.getIdToken().getJwtToken()),
  onFailure: (err) => console.error(err.code, err.message),
  mfaRequired(challengeName, challengeParameters) {
    console.log(challengeName, challengeParameters.CODE_DELIVERY_DESTINATION);
    cognitoUser.sendMFACode(prompt('code'), this);
  },
  totpRequired(challengeName) {
    cognitoUser.sendMFACode(prompt(challengeName), this, 'SOFTWARE_TOKEN_MFA');
  },
  selectMFAType() {
    cognitoUser.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', this);
  },
  mfaSetup() {
    cognitoUser.associateSoftwareToken({
      associateSecretCode: (secretCode: string) =>
        cognitoUser.verifySoftwareToken(prompt(secretCode), 'My phone', {
          onSuccess: (session: CognitoUserSession) => console.log(session.isValid()),
          onFailure: (err) => console.error(err),
        }),
      onFailure: (err) => console.error(err),
    });
  },
  newPasswordRequired(userAttributes, requiredAttributes) {
    delete userAttributes.email_verified;
    cognitoUser.completeNewPasswordChallenge('N3w!pass', userAttributes, this);
    void requiredAttributes;
  },
});

cognitoUser.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (err, result) => {
  if (err) return console.error(err);
  console.log(result);
});
cognitoUser.setUserMfaPreference(null, null, { PreferredMfa: true, Enabled: true }, (err, result) => console.log(err, result));
cognitoUser.enableMFA((err, result) => console.log(err, result));
cognitoUser.getMFAOptions((err, options) => console.log(err, options?.[0]?.DeliveryMedium));
cognitoUser.getUserData((err, data) => console.log(err, data?.PreferredMfaSetting), { bypassCache: true });
cognitoUser.setAuthenticationFlowType('USER_PASSWORD_AUTH');

// @ts-expect-error authenticateUser needs callbacks with onSuccess and onFailure
cognitoUser.authenticateUser(authDetails, { mfaRequired: () => undefined });
// @ts-expect-error the callbacks come second
cognitoUser.sendMFACode({ onSuccess: () => undefined, onFailure: () => undefined }, '123456');
// @ts-expect-error setUserMfaPreference takes a Node-style callback
cognitoUser.setUserMfaPreference(null, null, { onSuccess: () => undefined });
// @ts-expect-error the compat methods return nothing to await
const notAPromise: Promise<unknown> = cognitoUser.enableMFA(() => undefined);

export const used = [notAPromise];
