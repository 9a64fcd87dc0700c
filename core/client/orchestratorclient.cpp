#include "client/orchestratorclient.h"
