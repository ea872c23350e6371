// The cdktn project's premise, checked before its tests run: "cdktf" and the .gen bindings the tests and the library
// import must be cdktn and the bindings @cdktn/provider-generator made, or its snapshots would prove nothing.
import * as cdk from "cdktf";
import * as cdktn from "cdktn";
import { TencentcloudProvider } from "../.gen/providers/tencentcloud/provider";
import { TencentcloudProvider as CdktnTencentcloudProvider } from "../.gen-cdktn/providers/tencentcloud/provider";

if ((cdk.App as unknown) !== cdktn.App) {
  throw new Error('jest project cdktn: "cdktf" does not resolve to cdktn; check moduleNameMapper in jest.config.js');
}
if ((TencentcloudProvider as unknown) !== CdktnTencentcloudProvider) {
  throw new Error("jest project cdktn: .gen/providers does not resolve to .gen-cdktn/providers; check jest.config.js");
}
