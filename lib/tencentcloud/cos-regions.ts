/**
 * COS regions. Access logging ("log management") is offered in a subset of them; the target bucket must be in the
 * source bucket's region.
 */

/** Regions where COS delivers bucket access logs (Tencent COS documentation, log management overview). */
export const COS_LOGGING_REGIONS: readonly string[] = [
  "ap-beijing",
  "ap-shanghai",
  "ap-guangzhou",
  "ap-nanjing",
  "ap-chongqing",
  "ap-chengdu",
  "ap-hongkong",
  "ap-singapore",
  "ap-seoul",
  "na-toronto",
  "na-siliconvalley",
  "ap-mumbai",
];

/** Shape of a COS region code: `<area>-<city>`, e.g. `ap-guangzhou`, `na-siliconvalley`, `eu-frankfurt`. */
export const COS_REGION_PATTERN = /^[a-z]{2,3}-[a-z]+(-[a-z0-9]+)?$/;
