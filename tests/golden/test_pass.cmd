test test_blocks_pass.si
