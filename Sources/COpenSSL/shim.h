// OpenSSL 3 libcrypto (Debian: libssl-dev). Only the Crypto module imports this.
#ifndef COUNTERPART_COPENSSL_H
#define COUNTERPART_COPENSSL_H
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#endif
