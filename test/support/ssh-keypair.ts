// ed25519 key pairs for tests. ssh2 1.17's utils.generateKeyPairSync strips leading zero bytes from
// the public key, so about 1 pair in 256 cannot be parsed back (mscdex/ssh2 #1390, #1513): a test
// that used such a pair failed at random. Regenerate until both halves parse.

import { ParsedKey, utils } from "ssh2";

type KeyPairOptions = Parameters<typeof utils.generateKeyPairSync<"ed25519">>[1] & { passphrase?: string | Buffer };

export interface Ed25519Pair {
  private: string;
  public: string;
}

export function ed25519KeyPair(options: KeyPairOptions = {}): Ed25519Pair {
  for (let attempt = 0; attempt < 16; attempt++) {
    const pair = utils.generateKeyPairSync("ed25519", options);
    const parsedPublic = utils.parseKey(pair.public);
    const parsedPrivate: ParsedKey | Error = options.passphrase ? utils.parseKey(pair.private, options.passphrase) : utils.parseKey(pair.private);
    if (!(parsedPublic instanceof Error) && !(parsedPrivate instanceof Error)) return pair;
  }
  throw new Error("ssh2 produced 16 unparsable ed25519 key pairs in a row");
}
