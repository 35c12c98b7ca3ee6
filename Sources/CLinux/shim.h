// The Linux calls Glibc's Swift overlay does not expose (or exposes awkwardly): epoll,
// eventfd, accept4 and the TCP option constants. Only the Sockets module imports this.
#ifndef COUNTERPART_CLINUX_H
#define COUNTERPART_CLINUX_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

// accept4 is declared only under _GNU_SOURCE; re-declare it so the module sees it whatever
// order the system headers were first compiled in.
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

static inline int cp_errno(void) { return errno; }
#endif
