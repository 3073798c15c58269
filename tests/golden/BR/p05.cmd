upgrade --sql bbb002:+1
