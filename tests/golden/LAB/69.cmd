history -r shopping@base:heads
