show heads
