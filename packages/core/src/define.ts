// Registers <tori-space>; the only module of @tori/core with a side effect.
import { ToriSpace } from './tori-space.js';

ToriSpace.define('tori-space');
