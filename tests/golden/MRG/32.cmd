show ggg007
