upgrade --sql heads
