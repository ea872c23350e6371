import { TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { DataTencentcloudUserInfo } from "../../../.gen/providers/tencentcloud/data-tencentcloud-user-info";

const ACCOUNT_ID = "TencentCloudAccount";

/**
 * The account the stack deploys into, read at plan time from `data.tencentcloud_user_info`. One data source per stack,
 * shared by every construct that needs the appid (bucket names, COS qcs names) or the owner uin (CDN, CAM qcs names).
 */
export class TencentCloudAccount {
  /** The stack's account data source, created on first use. */
  static of(scope: IConstruct): TencentCloudAccount {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(ACCOUNT_ID);
    const data =
      existing instanceof DataTencentcloudUserInfo ? existing : new DataTencentcloudUserInfo(stack, ACCOUNT_ID, {});
    return new TencentCloudAccount(data);
  }

  private constructor(private readonly data: DataTencentcloudUserInfo) {}

  /** The appid (token), suffix of every bucket name. */
  get appId(): string {
    return this.data.appId;
  }

  /** The root account's uin (token), used in CDN and CAM resource names. */
  get ownerUin(): string {
    return this.data.ownerUin;
  }
}
