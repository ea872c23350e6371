import { BOS_LOG_TIMESTAMP_UTC_OFFSET_MINUTES, bosLogObjectKeyPrefix, parseBosLogObjectKey } from "../../lib";
import { deriveBosLogPrefix } from "../../lib/baiducloud/bos-log-prefix";

describe("bosLogObjectKeyPrefix", () => {
  test.each([
    ["mybucket", "mylog/", "mylog/mybucket-"],
    ["my-site-2024", "logs/my-site-2024/", "logs/my-site-2024/my-site-2024-"],
    ["a1b", "", "a1b-"],
  ])("source %s under %j starts its log keys with %s", (source, prefix, expected) => {
    expect(bosLogObjectKeyPrefix(source, prefix)).toBe(expected);
  });

  test("rejects a source that is not a bucket name", () => {
    expect(() => bosLogObjectKeyPrefix("My_Bucket", "logs/")).toThrow(/is not a BOS bucket name/);
  });

  test("every key it predicts is recognised by the parser as that source's log", () => {
    const key = `${bosLogObjectKeyPrefix("shop-api-2", "logs/shop-api-2/")}2024-02-29-23-00-00-00017`;
    expect(parseBosLogObjectKey(key, { targetPrefix: "logs/shop-api-2/" })?.sourceBucket).toBe("shop-api-2");
  });
});

describe("parseBosLogObjectKey", () => {
  test("Baidu's documented example", () => {
    const parsed = parseBosLogObjectKey("mylog/mybucket-2016-05-17-10-00-00-00000");
    expect(parsed).toEqual({
      targetPrefix: "mylog/",
      sourceBucket: "mybucket",
      timestamp: new Date("2016-05-17T10:00:00+08:00"),
      timestampText: "2016-05-17-10-00-00",
      unique: "00000",
    });
    expect(parsed?.timestamp.toISOString()).toBe("2016-05-17T02:00:00.000Z");
  });

  test("prefixes with several '/' levels and source names full of '-' and digits", () => {
    const parsed = parseBosLogObjectKey("prod/bos/access/web-2024-cdn-01-2023-12-31-23-59-59-a9F3k");
    expect(parsed).toMatchObject({
      targetPrefix: "prod/bos/access/",
      sourceBucket: "web-2024-cdn-01",
      timestampText: "2023-12-31-23-59-59",
      unique: "a9F3k",
    });
    expect(parsed?.timestamp.toISOString()).toBe("2023-12-31T15:59:59.000Z");
  });

  test("a source name that itself looks like a date is read from the right", () => {
    expect(parseBosLogObjectKey("logs/x/app-2020-01-01-00-00-00-2021-06-01-12-30-00-77")?.sourceBucket).toBe(
      "app-2020-01-01-00-00-00",
    );
  });

  test("a prefix that does not end in '/' is honoured when given", () => {
    const parsed = parseBosLogObjectKey("access_log-mybucket-2016-05-17-10-00-00-00000", {
      targetPrefix: "access_log-",
    });
    expect(parsed).toMatchObject({ targetPrefix: "access_log-", sourceBucket: "mybucket" });
    // Without it, everything before the timestamp is taken as the source, which is not a bucket name here.
    expect(parseBosLogObjectKey("access_log-mybucket-2016-05-17-10-00-00-00000")).toBeUndefined();
  });

  test("logs at the bucket root (empty prefix)", () => {
    expect(parseBosLogObjectKey("mybucket-2016-05-17-10-00-00-00000")).toMatchObject({
      targetPrefix: "",
      sourceBucket: "mybucket",
    });
  });

  test("filters by source bucket", () => {
    const key = "logs/site/site-2024-01-01-00-00-00-1";
    expect(parseBosLogObjectKey(key, { sourceBucketName: "site" })).toBeDefined();
    expect(parseBosLogObjectKey(key, { sourceBucketName: "other" })).toBeUndefined();
  });

  test("the time zone assumption can be overridden", () => {
    const key = "logs/site/site-2024-01-01-00-00-00-1";
    expect(BOS_LOG_TIMESTAMP_UTC_OFFSET_MINUTES).toBe(480);
    expect(parseBosLogObjectKey(key, { utcOffsetMinutes: 0 })?.timestamp.toISOString()).toBe(
      "2024-01-01T00:00:00.000Z",
    );
    expect(parseBosLogObjectKey(key)?.timestamp.toISOString()).toBe("2023-12-31T16:00:00.000Z");
  });

  test.each([
    ["a different prefix", "other/mybucket-2016-05-17-10-00-00-00000", { targetPrefix: "logs/" }],
    ["no timestamp", "logs/mybucket-latest", {}],
    ["a short timestamp", "logs/mybucket-2016-05-17-10-00-00000", {}],
    ["month 13", "logs/mybucket-2016-13-17-10-00-00-00000", {}],
    ["February 30", "logs/mybucket-2016-02-30-10-00-00-00000", {}],
    ["hour 24", "logs/mybucket-2016-05-17-24-00-00-00000", {}],
    ["minute 60", "logs/mybucket-2016-05-17-10-60-00-00000", {}],
    ["no unique string", "logs/mybucket-2016-05-17-10-00-00-", {}],
    ["an upper-case source", "logs/MyBucket-2016-05-17-10-00-00-00000", {}],
    ["a source starting with '-'", "logs/-bucket-2016-05-17-10-00-00-00000", {}],
    ["a too-short source", "logs/ab-2016-05-17-10-00-00-00000", {}],
    ["a file suffix", "logs/mybucket-2016-05-17-10-00-00-00000.gz", {}],
    ["an ordinary object", "images/cat.png", {}],
    ["a folder marker", "logs/mybucket/", {}],
  ])("rejects %s", (_what, key, options) => {
    expect(parseBosLogObjectKey(key, options)).toBeUndefined();
  });
});

describe("deriveBosLogPrefix", () => {
  test("root plus source name when it fits", () => {
    expect(deriveBosLogPrefix("logs/", "my-site")).toBe("logs/my-site/");
  });

  test("long names are shortened with a hash, stay within 32 characters and stay distinct", () => {
    const a = deriveBosLogPrefix("logs/", "a-very-long-source-bucket-name-one");
    const b = deriveBosLogPrefix("logs/", "a-very-long-source-bucket-name-two");
    expect(a).toMatch(/^logs\/a-very-long-source-[0-9a-f]{6}\/$/);
    expect(a.length).toBeLessThanOrEqual(32);
    expect(b.length).toBeLessThanOrEqual(32);
    expect(a).not.toBe(b);
    expect(deriveBosLogPrefix("logs/", "a-very-long-source-bucket-name-one")).toBe(a);
  });

  test("a root that leaves no room is refused", () => {
    expect(() => deriveBosLogPrefix("a-root-prefix-of-24-chr/", "x".repeat(40))).toThrow(RangeError);
  });
});
