// A script-tag page names the server once, in the script's own address; widgets without `server` use that origin.
import { setDefaultServer } from '@tori/core';

setDefaultServer(new URL(import.meta.url).origin);
