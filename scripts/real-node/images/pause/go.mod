module stores/real-node/pause

go 1.24
