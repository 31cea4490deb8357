/**
 * Tedee's activity event types (enums/event-type.rst, docs HEAD 73d0883) in domain terms: what happened and
 * how. The names are Tedee's. Decisions (docs/hub.md "Activity feed"): the "Remote" family is `app`, as the
 * docs describe it ("via mobile app") and as calls through the cloud API (this hub's commands) are logged;
 * HomeKit, Matter and the bridge's local API are `remote`; fingerprints count as the keypad they are read by.
 */
import type { ActivityAction, ActivityMethod } from '../activity/types.js';

export interface ActivityEventType {
  name: string;
  action: ActivityAction;
  method: ActivityMethod;
}

function type(name: string, action: ActivityAction, method: ActivityMethod): ActivityEventType {
  return { name, action, method };
}

export const ACTIVITY_EVENT_TYPES: ReadonlyMap<number, ActivityEventType> = new Map([
  [32, type('LockedRemote', 'locked', 'app')],
  [33, type('UnlockedRemote', 'unlocked', 'app')],
  [34, type('LockedButton', 'locked', 'button')],
  [35, type('UnlockedButton', 'unlocked', 'button')],
  [36, type('LockedAuto', 'locked', 'auto-lock')],
  [37, type('UnlockedAuto', 'unlocked', 'app')],
  [38, type('LockedManual', 'locked', 'manual')],
  [39, type('UnlockedManual', 'unlocked', 'manual')],
  [40, type('Jammed', 'jammed', 'unknown')],
  [41, type('PowerOff', 'other', 'unknown')],
  [42, type('PowerOn', 'other', 'unknown')],
  [43, type('Calibration', 'other', 'unknown')],
  [46, type('BatteryCharging', 'other', 'unknown')],
  [47, type('PartiallyOpenManual', 'semi-locked', 'manual')],
  [48, type('PartiallyOpenButton', 'semi-locked', 'button')],
  [49, type('PartiallyOpenAuto', 'semi-locked', 'auto-lock')],
  [50, type('BatteryStopCharging', 'other', 'unknown')],
  [51, type('PulledRemote', 'opened', 'app')],
  [52, type('PulledAuto', 'opened', 'app')],
  [53, type('PulledManual', 'opened', 'manual')],
  [54, type('PartiallyOpenRemote', 'semi-locked', 'app')],
  [55, type('PulledAutoByRemote', 'opened', 'app')],
  [56, type('PostponedLock', 'locked', 'button')],
  [57, type('UnlockedHomeKit', 'unlocked', 'remote')],
  [58, type('PartiallyOpenHomeKit', 'semi-locked', 'remote')],
  [59, type('LockedHomeKit', 'locked', 'remote')],
  [60, type('PulledHomeKit', 'opened', 'remote')],
  [61, type('UnlockByPin', 'unlocked', 'keypad')],
  [62, type('IncorrectPin', 'refused', 'keypad')],
  [63, type('PullSpringByPin', 'opened', 'keypad')],
  [64, type('PartiallyOpenByPin', 'semi-locked', 'keypad')],
  [65, type('LockedByKeypadWithPin', 'locked', 'keypad')],
  [66, type('LockedByKeypadWithoutPin', 'locked', 'keypad')],
  [67, type('LockForceUnlocked', 'unlocked', 'unknown')],
  [68, type('LockForceUnlockedByPin', 'unlocked', 'keypad')],
  [74, type('LockUncalibrated', 'other', 'unknown')],
  [75, type('UnauthorizedPin', 'refused', 'keypad')],
  [76, type('PulledAutoByPin', 'opened', 'keypad')],
  [77, type('UnlockedByFingerprint', 'unlocked', 'keypad')],
  [78, type('ForceUnlockedByFingerprint', 'unlocked', 'keypad')],
  [79, type('PartiallyOpenByFingerprint', 'semi-locked', 'keypad')],
  [80, type('PulledByFingerprint', 'opened', 'keypad')],
  [81, type('PulledAutoByFingerprint', 'opened', 'keypad')],
  [83, type('DoorOpened', 'door-opened', 'unknown')],
  [84, type('DoorClosed', 'door-closed', 'unknown')],
  [85, type('DoorSensorUncalibrated', 'other', 'unknown')],
  [86, type('DoorOpenTooLong', 'other', 'unknown')],
  [87, type('LockPulledByAutoUnlock', 'opened', 'app')],
  [88, type('LockUnlockedByMatter', 'unlocked', 'remote')],
  [89, type('LockPartiallyOpenByMatter', 'semi-locked', 'remote')],
  [90, type('LockLockedByMatter', 'locked', 'remote')],
  [91, type('LockPullSpringByMatter', 'opened', 'remote')],
  [92, type('LockPullSpringAutoByMatter', 'opened', 'remote')],
  [93, type('LockForceUnlockedByMatter', 'unlocked', 'remote')],
  [224, type('FirmwareUpdateByBridge', 'other', 'unknown')],
  [225, type('FirmwareUpdateByMobile', 'other', 'unknown')],
  [226, type('LockedByAccessLink', 'locked', 'link')],
  [227, type('LockedByBridgeApi', 'locked', 'remote')],
  [228, type('UnlockedByAccessLink', 'unlocked', 'link')],
  [229, type('UnlockedByBridgeApi', 'unlocked', 'remote')],
  [230, type('PulledByAccessLink', 'opened', 'link')],
  [231, type('PulledByBridgeApi', 'opened', 'remote')],
  [232, type('PartiallyOpenByAccessLink', 'semi-locked', 'link')],
  [233, type('PartiallyOpenByBridgeApi', 'semi-locked', 'remote')],
  [234, type('PulledAutoByAccessLink', 'opened', 'link')],
  [235, type('PulledAutoByBridgeApi', 'opened', 'remote')],
  [10000, type('GateUnlockedByRemote', 'unlocked', 'app')],
  [10001, type('GateUnlockedByAccessLink', 'unlocked', 'link')],
]);

export function activityEventType(event: number): ActivityEventType {
  return ACTIVITY_EVENT_TYPES.get(event) ?? type(`event-${event}`, 'other', 'unknown');
}
