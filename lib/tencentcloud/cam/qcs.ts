/**
 * Where a COS bucket is: what its qcs resource names are made of. {@link ICosBucketRef} and every bucket construct
 * fit; the CLS delivery authorization needs no more than this.
 */
export interface ICosBucketAddress {
  /** Full bucket name including the `-<appid>` suffix. May be a token. */
  readonly bucketName: string;
  /** Region code, e.g. `ap-guangzhou`. */
  readonly region: string;
  /** The account appid the bucket belongs to. May be a token. */
  readonly appId: string;
}

/**
 * The one place that builds Tencent Cloud resource names (qcs six-part names) for CAM policies.
 * Arguments may be cdktf tokens; they are interpolated as Terraform expressions.
 */
export const Qcs = {
  /** Objects of a COS bucket whose keys start with `keyPrefix` (empty for the whole bucket): `qcs::cos:<region>:uid/<appid>:<bucket>/<prefix>*`. */
  cosObjects(region: string, appId: string, bucketName: string, keyPrefix: string): string {
    return `qcs::cos:${region}:uid/${appId}:${bucketName}/${keyPrefix}*`;
  },

  /** A COS bucket itself (bucket-level actions such as listing multipart uploads): `qcs::cos:<region>:uid/<appid>:<bucket>/`. */
  cosBucket(region: string, appId: string, bucketName: string): string {
    return `qcs::cos:${region}:uid/${appId}:${bucketName}/`;
  },

  /** A CDN acceleration domain: `qcs::cdn::uin/<ownerUin>:domain/<domain>`. */
  cdnDomain(ownerUin: string, domain: string): string {
    return `qcs::cdn::uin/${ownerUin}:domain/${domain}`;
  },

  /** An SCF function: `qcs::scf:<region>:uin/<ownerUin>:namespace/<namespace>/function/<name>`. */
  scfFunction(region: string, ownerUin: string, namespace: string, functionName: string): string {
    return `qcs::scf:${region}:uin/${ownerUin}:namespace/${namespace}/function/${functionName}`;
  },

  /** A CAM role by name: `qcs::cam::uin/<ownerUin>:roleName/<name>`. */
  camRole(ownerUin: string, roleName: string): string {
    return `qcs::cam::uin/${ownerUin}:roleName/${roleName}`;
  },
} as const;
