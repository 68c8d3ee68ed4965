// Issue #6: 1,000 approved entries under 20% 503-before-work and 10% lost-after-commit
// responses, against a server that honours Idempotency-Key.
import { describeFaultRun } from '../../../test/support/faultRun'

describeFaultRun(false)
