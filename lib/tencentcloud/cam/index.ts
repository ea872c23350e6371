// CAM: the account's identity (app id), qcs resource names, and typed policy documents every other room builds on.
export * from "./account";
export { CamPolicyDocument, camAction } from "./policy-document";
export type { CamEffect, CamPolicyJson, CamPolicyStatement, CamPrincipal } from "./policy-document";
export * from "./qcs";
