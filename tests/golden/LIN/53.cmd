history -r :ae1027+2
