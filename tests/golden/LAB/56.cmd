show x04a@x04
