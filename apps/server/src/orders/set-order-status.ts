import { DELIVERY_FLAG_DISTANCE_METERS, type DeliveryProof, type Order, type OrderStatus } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import { AppError, validationFailed } from '../errors/app-error.js';
import {
  type IdempotencyInput,
  type Idempotent,
  ReplayedRefusal,
  runIdempotently,
} from '../idempotency/run-idempotently.js';
import { clientTimeProblem } from '../platform/client-time.js';
import { distanceMeters } from '../stores/geometry.js';
import { lockOrderToMove, type OrderMoveDeps } from './change-order-status.js';
import { checkHandoverCode, type HandoverRefusal, isHandoverRefusal } from './handover.js';
import { moveOrder } from './move-order.js';
import { assertTransition } from './order-state-machine.js';

export interface SetOrderStatusDeps extends OrderMoveDeps {
  /** HANDOVER_CODE: whether a partner's delivery needs the customer's code. */
  config: { handoverCode: boolean };
}

export interface SetOrderStatusInput extends IdempotencyInput {
  orderId: string;
  status: OrderStatus;
  caller: Caller;
  correlationId: string;
  /** `delivered` by a partner: the code the customer shows. */
  handoverCode?: string;
  /** When the partner made the step (ISO), if not now: at most 24 h ago, at most 2 min ahead. */
  actedAt?: string;
}

/**
 * The assigned partner reports progress (preparing, picked up, on the way, delivered); admins may override.
 * A partner's delivery needs the customer's handover code (API.md, "Proof of delivery"); every delivery
 * records where the partner was (`data.proof`). A step may carry `actedAt` ("Partners on a bad network").
 */
export async function setOrderStatus(deps: SetOrderStatusDeps, input: SetOrderStatusInput): Promise<Idempotent<Order>> {
  const { orderId, status, caller, correlationId, handoverCode } = input;
  const run = await runIdempotently<Order | HandoverRefusal>(
    deps,
    {
      ...input,
      callerId: caller.id,
      operation: 'set-order-status',
      // Without the new fields the fingerprint is the one earlier requests were stored with.
      fingerprint: {
        orderId,
        status,
        ...(handoverCode === undefined ? {} : { handoverCode }),
        ...(input.actedAt === undefined ? {} : { actedAt: input.actedAt }),
      },
    },
    async (tx) => {
      // Checked in the work, so that a retry under the key answers the first answer even a little later.
      const actedAt = input.actedAt === undefined ? undefined : checkActedAt(input.actedAt, deps.clock.now());
      const { order, relation } = await lockOrderToMove(tx, {
        orderId,
        to: status,
        caller,
        correlationId,
        encryption: deps.encryption,
      });
      let proof: DeliveryProof | undefined;
      if (status === 'delivered') {
        let codeChecked = false;
        if (caller.role === 'partner' && deps.config.handoverCode) {
          // An impossible move is refused as such first: a code sent to it is neither checked nor counted.
          assertTransition(order.status, status, relation);
          const checked = await checkHandoverCode(tx, order.id, handoverCode, correlationId);
          if (isHandoverRefusal(checked)) return checked;
          codeChecked = checked.codeChecked;
        }
        proof = await proofOfDelivery(deps, order, codeChecked, actedAt ?? deps.clock.now());
      }
      return moveOrder(tx, {
        order,
        to: status,
        relation,
        caller,
        correlationId,
        dispatcher: deps.dispatcher,
        actedAt,
        proof,
      });
    },
  );
  // A wrong code is answered after its count committed (a retry with the key gets the same refusal).
  const { value } = run;
  if (isHandoverRefusal(value)) {
    const { code, message, details } = value.refused;
    throw run.replayed ? new ReplayedRefusal(value.refused) : new AppError(code, message, details);
  }
  return { value, replayed: run.replayed };
}

/** `actedAt` within its window, else 400 on `body.actedAt`. */
function checkActedAt(actedAt: string, now: Date): Date {
  const at = new Date(actedAt);
  if (Number.isNaN(at.getTime())) throw validationFailed('body.actedAt', 'must be an ISO date-time');
  const problem = clientTimeProblem(at, now);
  if (problem) throw validationFailed('body.actedAt', problem);
  return at;
}

/**
 * The partner's position when they delivered against the destination: their latest, if it was taken within
 * 60 s of the step (of `actedAt` for a step made offline: the phone sends the position it kept from then first).
 */
async function proofOfDelivery(
  deps: Pick<SetOrderStatusDeps, 'dispatcher'>,
  order: Order,
  codeChecked: boolean,
  actedAt: Date,
): Promise<DeliveryProof> {
  const fix = order.partnerId ? await deps.dispatcher.positions.latest(order.partnerId, actedAt) : undefined;
  if (!fix) return { codeChecked, distanceMeters: null, positionAt: null };
  const meters = order.destination ? Math.round(distanceMeters(fix.location, order.destination)) : null;
  return {
    codeChecked,
    distanceMeters: meters,
    positionAt: fix.at.toISOString(),
    ...(meters !== null && meters > DELIVERY_FLAG_DISTANCE_METERS ? { flagged: true as const } : {}),
  };
}
