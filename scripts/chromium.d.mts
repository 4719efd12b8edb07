/** Path of the Chromium binary: `CHROME_PATH`, else Debian's. */
export declare const chromiumPath: string;
/** Flags every browser test and benchmark starts Chromium with. */
export declare const chromiumArgs: string[];
