/**
 * A throwaway PKI for C2PA tests, made with openssl at test time: a root CA, an intermediate CA and
 * end-entity signer certificates with the C2PA signing profile (digitalSignature, critical key usage,
 * emailProtection EKU, AKI/SKI). Nothing here is a real credential.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestPki {
  dir: string;
  rootCert: string;
  /** ES256 signer issued by the root: certificate and key files. */
  es256: { cert: string; key: string };
  /** Ed25519 signer issued by the root. */
  ed25519: { cert: string; key: string };
  /** ES256 signer issued by an intermediate; `cert` holds signer then intermediate. */
  chained: { cert: string; key: string };
  /** A time-stamp authority certificate (timeStamping EKU) issued by the root. */
  tsa: { cert: string; key: string };
  /** A self-signed ES256 certificate: C2PA refuses these for signing. */
  selfSigned: { cert: string; key: string };
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const SIGNER_EXT = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature',
  'extendedKeyUsage=emailProtection',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
].join('\n');

const CA_EXT = [
  'basicConstraints=critical,CA:TRUE',
  'keyUsage=critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
].join('\n');

function key(dir: string, name: string, kind: 'ec' | 'ed25519'): string {
  const file = `${name}.key`;
  openssl(
    dir,
    kind === 'ec'
      ? ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]
      : ['genpkey', '-algorithm', 'ED25519', '-out', file],
  );
  return file;
}

function issue(
  dir: string,
  name: string,
  subject: string,
  issuer: string,
  ext: string,
  kind: 'ec' | 'ed25519',
) {
  const keyFile = key(dir, name, kind);
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(dir, ['req', '-new', '-key', keyFile, '-subj', subject, '-out', `${name}.csr`]);
  const digest = kind === 'ec' ? ['-sha256'] : [];
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${issuer}.pem`,
    '-CAkey',
    `${issuer}.key`,
    '-CAcreateserial',
    '-days',
    '30',
    ...digest,
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  ]);
  return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, keyFile) };
}

export function makeTestPki(dir: string): TestPki {
  const rootKey = key(dir, 'root', 'ec');
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    rootKey,
    '-sha256',
    '-days',
    '30',
    '-subj',
    '/CN=GenOps Test Root CA/O=GenOps Tests',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-addext',
    'subjectKeyIdentifier=hash',
    '-out',
    'root.pem',
  ]);
  const es256 = issue(dir, 'es256', '/CN=GenOps Test Signer/O=GenOps Tests', 'root', SIGNER_EXT, 'ec');
  const ed25519 = issue(
    dir,
    'ed25519',
    '/CN=GenOps Test Ed25519 Signer/O=GenOps Tests',
    'root',
    SIGNER_EXT,
    'ed25519',
  );
  issue(dir, 'intermediate', '/CN=GenOps Test Intermediate CA/O=GenOps Tests', 'root', CA_EXT, 'ec');
  const leaf = issue(
    dir,
    'leaf',
    '/CN=GenOps Chained Signer/O=GenOps Tests',
    'intermediate',
    SIGNER_EXT,
    'ec',
  );
  const tsa = issue(
    dir,
    'tsa',
    '/CN=GenOps Test TSA/O=GenOps Tests',
    'root',
    SIGNER_EXT.replace('extendedKeyUsage=emailProtection', 'extendedKeyUsage=critical,timeStamping'),
    'ec',
  );
  const chainedCert = path.join(dir, 'leaf-chain.pem');
  execFileSync('sh', ['-c', `cat leaf.pem intermediate.pem > ${chainedCert}`], { cwd: dir });

  const selfKey = key(dir, 'self', 'ec');
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    selfKey,
    '-sha256',
    '-days',
    '30',
    '-subj',
    '/CN=Self Signed',
    '-addext',
    'keyUsage=critical,digitalSignature',
    '-addext',
    'extendedKeyUsage=emailProtection',
    '-out',
    'self.pem',
  ]);
  return {
    dir,
    rootCert: path.join(dir, 'root.pem'),
    es256,
    ed25519,
    chained: { cert: chainedCert, key: leaf.key },
    tsa,
    selfSigned: { cert: path.join(dir, 'self.pem'), key: path.join(dir, selfKey) },
  };
}
