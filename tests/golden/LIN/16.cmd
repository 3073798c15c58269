history -r base:heads
