history -r networking@n001:shopping@head
