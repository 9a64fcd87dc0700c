'use strict';
// The S3-compatible server of the metrics store's tests: s3rver (npm, installed into the build
// directory), on loopback, with what s3rver 3 leaves out put in front of it:
// - Signature V4 verification. s3rver 3.7 accepts any well-formed V4 signature ("Signature
//   version 4 calculation is unimplemented"); here every request is re-derived from what arrived
//   on the wire (the path and query decoded and re-encoded, the signed headers, the scope) and
//   refused with SignatureDoesNotMatch on a mismatch, as S3 does. The payload hash of a PUT is
//   checked against the body (XAmzContentSHA256Mismatch).
// - Paginated listings on Node 17+ (see the DES note below).
// - A test hook: GET /__test/fail?count=N&status=S answers the next N requests with status S
//   and an S3 error body (503 SlowDown by default).
// Usage: node s3rver-verifying.js --modules DIR --directory DIR --port N --bucket NAME
//        --access-key ID --secret-key SECRET
// Prints "listening <port>" once it accepts connections.
const path = require('path');
const crypto = require('crypto');
const { Readable } = require('stream');

const args = {};
for (let i = 2; i + 1 < process.argv.length; i += 2)
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const name of ['modules', 'directory', 'port', 'bucket', 'access-key', 'secret-key']) {
  if (!(name in args)) {
    console.error(`s3rver-verifying.js: --${name} is required`);
    process.exit(2);
  }
}

// s3rver 3.7 makes its ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 keeps in
// its legacy provider only: on Node 17+ every truncated listing would be a 500. Triple DES with
// three equal keys is single DES, and is in the default provider.
for (const name of ['createCipheriv', 'createDecipheriv']) {
  const original = crypto[name];
  crypto[name] = (algorithm, key, iv, options) =>
    algorithm === 'des'
      ? original('des-ede3-cbc', Buffer.concat([key, key, key]), iv, options)
      : original(algorithm, key, iv, options);
}

const S3rver = require(path.join(args.modules, 's3rver'));
const S3Error = require(path.join(args.modules, 's3rver/lib/models/error'));
const AWSAccount = require(path.join(args.modules, 's3rver/lib/models/account'));

const secrets = new Map([[args['access-key'], args['secret-key']]]);
AWSAccount.DUMMY_ACCOUNT.createKeyPair(args['access-key'], args['secret-key']);

let failNext = 0;
let failStatus = 503;

const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();
const sha256Hex = data => crypto.createHash('sha256').update(data).digest('hex');
const encode = s =>
  encodeURIComponent(s).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function canonicalQuery(raw) {
  if (!raw) return '';
  return raw
    .split('&')
    .filter(p => p.length > 0)
    .map(p => {
      const i = p.indexOf('=');
      const name = i < 0 ? p : p.slice(0, i);
      const value = i < 0 ? '' : p.slice(i + 1);
      return [encode(decodeURIComponent(name)), encode(decodeURIComponent(value))];
    })
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
}

async function verifySignature(ctx, next) {
  if (ctx.path === '/__test/fail') {
    failNext = Number(ctx.query.count || 1);
    failStatus = Number(ctx.query.status || 503);
    ctx.status = 204;
    return;
  }
  if (failNext > 0) {
    failNext -= 1;
    ctx.status = failStatus;
    ctx.type = 'application/xml';
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code>' +
      '<Message>Please reduce your request rate.</Message></Error>';
    return;
  }
  const authorization = ctx.get('authorization');
  if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    throw new S3Error('AccessDenied', 'Access Denied');
  }
  const fields = new Map(
    authorization
      .slice('AWS4-HMAC-SHA256 '.length)
      .split(',')
      .map(f => f.trim().split('='))
      .map(([k, ...v]) => [k, v.join('=')]),
  );
  const [accessKey, date, region, service, terminator] = (fields.get('Credential') || '').split('/');
  const secret = secrets.get(accessKey);
  if (secret === undefined) return next(); // s3rver answers InvalidAccessKeyId
  const signedHeaders = fields.get('SignedHeaders') || '';
  const names = signedHeaders.split(';');
  const amzDate = ctx.get('x-amz-date');
  const raw = ctx.req.url;
  const q = raw.indexOf('?');
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const rawQuery = q < 0 ? '' : raw.slice(q + 1);
  const canonicalUri = rawPath
    .split('/')
    .map(s => encode(decodeURIComponent(s)))
    .join('/');
  const canonicalHeaders = names
    .map(n => `${n}:${String(ctx.req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = ctx.get('x-amz-content-sha256');
  const canonicalRequest = [
    ctx.method,
    canonicalUri,
    canonicalQuery(rawQuery),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/${terminator}`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac('AWS4' + secret, date);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, 'aws4_request');
  const expected = crypto.createHmac('sha256', key).update(stringToSign).digest('hex');
  const wellScoped =
    service === 's3' && terminator === 'aws4_request' && amzDate.startsWith(date) &&
    names.includes('host') && names.includes('x-amz-date') && names.includes('x-amz-content-sha256');
  if (!wellScoped || expected !== fields.get('Signature')) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your key and signing method.',
      { AWSAccessKeyId: accessKey },
    );
  }
  if (ctx.method === 'PUT') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    if (sha256Hex(body) !== payloadHash) {
      throw new S3Error(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
    ctx.req = Readable.from([body]);
  }
  return next();
}

const server = new S3rver({
  address: '127.0.0.1',
  port: Number(args.port),
  directory: args.directory,
  silent: true,
  vhostBuckets: false,
  configureBuckets: [{ name: args.bucket }],
});
server.middleware.unshift(verifySignature);
server.run().then(
  address => {
    process.stdout.write(`listening ${address.port}\n`);
  },
  error => {
    console.error(`s3rver-verifying.js: cannot listen: ${error.message}`);
    process.exit(1);
  },
);
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
