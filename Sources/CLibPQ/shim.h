// libpq's client API (Debian: libpq-dev). Only the Postgres module imports this.
#ifndef COUNTERPART_CLIBPQ_H
#define COUNTERPART_CLIBPQ_H
#include <libpq-fe.h>
#endif
