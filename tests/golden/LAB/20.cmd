history -r :+1
