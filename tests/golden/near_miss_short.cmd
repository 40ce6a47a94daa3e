check near_miss_short.si
