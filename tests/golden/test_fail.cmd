test test_blocks.si
