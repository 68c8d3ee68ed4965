// Issue #6: the same fault run against a server that ignores Idempotency-Key: only the
// adopt-after-lost-response path (GET / for the span) keeps each entry single.
import { describeFaultRun } from '../../../test/support/faultRun'

describeFaultRun(true)
