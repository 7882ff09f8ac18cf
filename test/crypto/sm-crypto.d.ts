// Types for the parts of sm-crypto (a devDependency without its own types) that the cross-checks use.
declare module 'sm-crypto' {
  interface SignOptions {
    hash?: boolean;
    der?: boolean;
    publicKey?: string;
    userId?: string;
  }
  const smCrypto: {
    sm2: {
      doSignature(msg: string | number[], privateKey: string, options?: SignOptions): string;
      doVerifySignature(msg: string | number[], signHex: string, publicKey: string, options?: SignOptions): boolean;
      doEncrypt(msg: string | number[], publicKey: string, cipherMode?: number): string;
      doDecrypt(data: string, privateKey: string, cipherMode: number, options: { output: 'array' }): number[];
      getPublicKeyFromPrivateKey(privateKey: string): string;
      generateKeyPairHex(): { privateKey: string; publicKey: string };
    };
    sm3(input: string | number[], options?: { key: string; mode?: 'hmac' }): string;
    sm4: {
      encrypt(
        input: string | number[],
        key: string,
        options?: { padding?: 'none' | 'pkcs#7'; mode?: 'ecb' | 'cbc'; output?: 'array' | 'string' },
      ): number[] | string;
    };
  };
  export default smCrypto;
}
