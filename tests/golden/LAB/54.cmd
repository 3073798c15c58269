show xl@heads
