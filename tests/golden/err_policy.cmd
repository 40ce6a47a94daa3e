check err_policy.si
