import { cdnLogBackupObjectKey, parseCdnLogBackupObjectKey, parseCosLogObjectKey } from "../../lib";
import { objectKeyFor } from "../../functions/cdn-log-backup/src";

describe("COS log object keys: <prefix>YYYY/MM/DD/{time}_{random}_{index}", () => {
  test("a 14-digit time places the file in its five minutes and its hour (Beijing time assumed)", () => {
    expect(parseCosLogObjectKey("access-logs/2026/11/21/20261121083500_a1b2c3_0.gz")).toEqual({
      prefix: "access-logs/",
      day: "2026/11/21",
      timeText: "20261121083500",
      random: "a1b2c3",
      index: 0,
      gzipSuffix: true,
      coversFrom: new Date("2026-11-21T00:35:00Z"),
      coversUntil: new Date("2026-11-21T00:40:00Z"),
      hourStart: new Date("2026-11-21T00:00:00Z"),
    });
  });

  test("a Unix time, no .gz, an empty prefix, a UTC reading", () => {
    const key = parseCosLogObjectKey("2025/11/21/1763714100_rnd_12", { utcOffsetMinutes: 0 });
    expect(key).toMatchObject({
      prefix: "",
      index: 12,
      gzipSuffix: false,
      coversFrom: new Date(1763714100_000),
      hourStart: new Date("2025-11-21T08:00:00Z"),
    });
  });

  test("an unrecognised {time} places the file on its day only", () => {
    expect(parseCosLogObjectKey("logs/x/2026/02/28/abc_rnd_1")).toMatchObject({
      prefix: "logs/x/",
      coversFrom: new Date("2026-02-27T16:00:00Z"),
      coversUntil: new Date("2026-02-28T16:00:00Z"),
      hourStart: undefined,
    });
  });

  test.each([
    ["another prefix", "other/2026/11/21/20261121083500_a_0.gz", { prefix: "access-logs/" }],
    ["a segment between prefix and date", "access-logs/x/2026/11/21/20261121083500_a_0.gz", { prefix: "access-logs/" }],
    ["February 30", "access-logs/2026/02/30/20261121083500_a_0.gz", {}],
    ["month 13", "access-logs/2026/13/01/20261121083500_a_0.gz", {}],
    ["no index", "access-logs/2026/11/21/20261121083500_a.gz", {}],
    ["a non-numeric index", "access-logs/2026/11/21/20261121083500_a_b.gz", {}],
    ["a BOS key", "mylog/mybucket-2016-05-17-10-00-00-00000", {}],
  ])("rejects %s", (_name, key, options) => {
    expect(parseCosLogObjectKey(key, options)).toBeUndefined();
  });

  test("the given prefix is honoured", () => {
    expect(
      parseCosLogObjectKey("access-logs/2026/11/21/20261121083500_a_0.gz", { prefix: "access-logs/" })?.prefix,
    ).toBe("access-logs/");
  });
});

describe("CDN log backup keys: <prefix><domain>/<area>/YYYY/MM/DD/<LogName>", () => {
  const parts = {
    prefix: "cdn/",
    domain: "www.example.com",
    area: "overseas" as const,
    startTime: "2026-11-21 08:00:00",
    logName: "2026112108-www.example.com-overseas.gz",
  };

  test("the function writes keys with the library's layout, and the reader reads them back with their hour", () => {
    const key = objectKeyFor(parts);
    expect(key).toBe(cdnLogBackupObjectKey(parts));
    expect(key).toBe("cdn/www.example.com/overseas/2026/11/21/2026112108-www.example.com-overseas.gz");
    expect(parseCdnLogBackupObjectKey(key)).toEqual({
      prefix: "cdn/",
      domain: "www.example.com",
      area: "overseas",
      day: "2026/11/21",
      logName: "2026112108-www.example.com-overseas.gz",
      hourStart: new Date("2026-11-21T00:00:00Z"),
      hourEnd: new Date("2026-11-21T01:00:00Z"),
    });
    expect(parseCdnLogBackupObjectKey(key, "cdn/")?.domain).toBe("www.example.com");
    expect(parseCdnLogBackupObjectKey(cdnLogBackupObjectKey({ ...parts, prefix: "" }))?.prefix).toBe("");
    expect(parseCdnLogBackupObjectKey(cdnLogBackupObjectKey({ ...parts, prefix: "a/b/" }))?.prefix).toBe("a/b/");
  });

  test("a LogName without a leading hour is recognised without one; hour 24 is not an hour", () => {
    expect(parseCdnLogBackupObjectKey("cdn/a.com/mainland/2026/11/21/package.gz")).toMatchObject({
      logName: "package.gz",
      hourStart: undefined,
      hourEnd: undefined,
    });
    expect(parseCdnLogBackupObjectKey("cdn/a.com/mainland/2026/11/21/2026112124-a.com.gz")?.hourStart).toBeUndefined();
    expect(parseCdnLogBackupObjectKey("cdn/a.com/mainland/2026/11/21/2026112123-a.com.gz")?.hourStart).toEqual(
      new Date("2026-11-21T15:00:00Z"),
    );
  });

  test.each([
    ["another prefix", "logs/a.com/mainland/2026/11/21/x.gz", "cdn/"],
    ["a segment between prefix and domain", "cdn/extra/a.com/mainland/2026/11/21/x.gz", "cdn/"],
    ["an unknown area", "cdn/a.com/global/2026/11/21/x.gz", undefined],
    ["an impossible day", "cdn/a.com/mainland/2026/02/29/x.gz", undefined],
    ["a missing LogName", "cdn/a.com/mainland/2026/11/21/", undefined],
  ])("rejects %s", (_name, key, prefix) => {
    expect(parseCdnLogBackupObjectKey(key, prefix)).toBeUndefined();
  });
});
