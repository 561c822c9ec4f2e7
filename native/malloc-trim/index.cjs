'use strict';
// The addon when it was built (Linux with glibc); otherwise trim() does nothing.
let binding = null;
try {
  binding = require('./build/Release/malloc_trim.node');
} catch {
  binding = null;
}

module.exports = {
  available: binding !== null,
  /** true when some memory was given back. */
  trim: () => (binding ? binding.trim() : false),
};
