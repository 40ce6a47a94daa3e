check design_item.si
