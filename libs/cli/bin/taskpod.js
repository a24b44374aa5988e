#!/usr/bin/env node
// A committed shim so npm can link the bin before `prepare` compiles dist/.
require('../dist/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
