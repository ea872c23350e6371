/**
 * Tencent Cloud regions per service. Access logging ("log management") is offered in a subset of the COS regions;
 * the target bucket must be in the source bucket's region. Each list names its source; a region missing here is
 * rejected at synth with the list, so update the list (one edit) when Tencent opens a region.
 */

/**
 * Public-cloud regions where COS buckets can be created (COS documentation, "Regions and Access Endpoints"):
 * mainland China (including the finance zones), Hong Kong and the international regions.
 */
export const COS_REGIONS: readonly string[] = [
  "ap-beijing-1",
  "ap-beijing",
  "ap-nanjing",
  "ap-shanghai",
  "ap-guangzhou",
  "ap-chengdu",
  "ap-chongqing",
  "ap-beijing-fsi",
  "ap-shanghai-fsi",
  "ap-shenzhen-fsi",
  "ap-hongkong",
  "ap-singapore",
  "ap-jakarta",
  "ap-seoul",
  "ap-bangkok",
  "ap-tokyo",
  "ap-mumbai",
  "na-siliconvalley",
  "na-ashburn",
  "na-toronto",
  "sa-saopaulo",
  "eu-frankfurt",
  "eu-moscow",
];

/** Regions where COS delivers bucket access logs (COS documentation, "Log management overview"). */
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

/** Regions where SCF runs functions (SCF API documentation, common parameter `Region`, "Region list"). */
export const SCF_REGIONS: readonly string[] = [
  "ap-beijing",
  "ap-chengdu",
  "ap-chongqing",
  "ap-guangzhou",
  "ap-nanjing",
  "ap-shanghai",
  "ap-shanghai-fsi",
  "ap-shenzhen-fsi",
  "ap-hongkong",
  "ap-bangkok",
  "ap-jakarta",
  "ap-mumbai",
  "ap-seoul",
  "ap-singapore",
  "ap-tokyo",
  "na-ashburn",
  "na-siliconvalley",
  "na-toronto",
  "sa-saopaulo",
  "eu-frankfurt",
];

/** Shape of a COS region code: `<area>-<city>`, e.g. `ap-guangzhou`, `na-siliconvalley`, `eu-frankfurt`. */
export const COS_REGION_PATTERN = /^[a-z]{2,3}-[a-z]+(-[a-z0-9]+)?$/;
