// Baidu AI Cloud: one construct per file.
export {};
