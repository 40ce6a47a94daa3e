check limits_depth.si
