#!/usr/bin/env python3
"""make bench-queue's peer: pgqueuer (PyPI, pinned in Tests/Benchmarks/requirements-bench.txt)
running the workload of Tests/Benchmarks/Queue/main.swift — JOBS no-op jobs enqueued in batches
of BATCH by one producer while one queue manager dequeues and completes them — in a fresh schema
of the database DSN names, dropped afterwards. Prints "RESULT <jobs per second>" and how many
jobs pgqueuer's log table recorded as successful.

  bench_queue_pgqueuer.py DSN JOBS BATCH DEQUEUE_BATCH
"""
import asyncio
import sys
import time
import uuid
from datetime import timedelta

import asyncpg
from pgqueuer import QueueManager
from pgqueuer.queries import Queries


async def run(dsn, jobs, batch, dequeue_batch):
    schema = "bench_pgqueuer_" + uuid.uuid4().hex[:8]
    admin = await asyncpg.connect(dsn)
    await admin.execute(f"CREATE SCHEMA {schema}")
    try:
        settings = {"search_path": schema}
        consumer = await asyncpg.connect(dsn, server_settings=settings)
        producer = await asyncpg.connect(dsn, server_settings=settings)
        await Queries.from_asyncpg_connection(consumer).install()
        manager = QueueManager(Queries.from_asyncpg_connection(consumer))
        produced = Queries.from_asyncpg_connection(producer)
        done = 0

        @manager.entrypoint("bench.noop")
        async def noop(job):
            nonlocal done
            done += 1
            if done == jobs:
                manager.shutdown.set()

        async def produce():
            sent = 0
            while sent < jobs:
                size = min(batch, jobs - sent)
                await produced.enqueue(["bench.noop"] * size, [b'{"n":%d}' % (sent + i) for i in range(size)], [0] * size)
                sent += size

        start = time.perf_counter()
        # The clock runs from the first enqueue to the manager's return, which waits for the
        # jobs in flight and writes their outcomes.
        await asyncio.gather(produce(), manager.run(batch_size=dequeue_batch, dequeue_timeout=timedelta(seconds=1)))
        seconds = time.perf_counter() - start
        left = await admin.fetchval(f"SELECT count(*) FROM {schema}.pgqueuer")
        await consumer.close()
        await producer.close()
        print(f"pgqueuer: {jobs} no-op jobs in {seconds:.2f} s; {left} left in its queue table")
        print(f"RESULT {jobs / seconds:.1f}")
    finally:
        await admin.execute(f"DROP SCHEMA {schema} CASCADE")
        await admin.close()


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    asyncio.run(run(argv[1], int(argv[2]), int(argv[3]), int(argv[4])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
