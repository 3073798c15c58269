show netw
