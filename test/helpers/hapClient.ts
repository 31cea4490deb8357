/** Reads and writes a Homebridge bridge over HAP's HTTP interface (insecure mode, loopback). */
import { PIN } from './homebridge.js';
import { waitFor } from './wait.js';

interface HapCharacteristic {
  iid: number;
  type: string;
  value?: unknown;
  perms: string[];
}
interface HapService {
  iid: number;
  type: string;
  primary?: boolean;
  characteristics: HapCharacteristic[];
}

/** A service as HomeKit sees it: its short type, whether it is primary, and its names. */
export interface ServiceView {
  type: string;
  primary: boolean;
  name?: unknown;
  configuredName?: unknown;
}
interface HapAccessory {
  aid: number;
  services: HapService[];
}

/** Apple's short form of a HAP UUID: "45" for 00000045-0000-1000-8000-0026BB765291. */
function short(type: string): string {
  const match = /^0*([0-9A-F]+)-0000-1000-8000-0026BB765291$/i.exec(type);
  return (match ? match[1]! : type.replace(/^0+/, '')).toUpperCase();
}

export const HAP_TYPE = {
  AccessoryInformation: '3E',
  LockMechanism: '45',
  Battery: '96',
  ContactSensor: '80',
  SerialNumber: '30',
  Name: '23',
  LockCurrentState: '1D',
  LockTargetState: '1E',
  BatteryLevel: '68',
  Switch: '49',
  On: '25',
  ConfiguredName: 'E3',
} as const;

export class HapClient {
  constructor(private readonly port: number) {}

  async accessories(): Promise<HapAccessory[]> {
    const response = await fetch(`http://127.0.0.1:${this.port}/accessories`);
    return ((await response.json()) as { accessories: HapAccessory[] }).accessories;
  }

  /** The accessory with this serial number, or undefined. */
  async accessory(serialNumber: string): Promise<HapAccessory | undefined> {
    for (const accessory of await this.accessories()) {
      const info = accessory.services.find(
        (candidate) => short(candidate.type) === HAP_TYPE.AccessoryInformation,
      );
      const serial = info?.characteristics.find(
        (candidate) => short(candidate.type) === HAP_TYPE.SerialNumber,
      )?.value;
      if (serial === serialNumber) return accessory;
    }
    return undefined;
  }

  /** The services of the accessory with this serial number (empty when it is not served). */
  async services(serialNumber: string): Promise<ServiceView[]> {
    const accessory = await this.accessory(serialNumber);
    return (accessory?.services ?? []).map((service) => {
      const value = (type: string) =>
        service.characteristics.find((candidate) => short(candidate.type) === type)?.value;
      return {
        type: short(service.type),
        primary: service.primary === true,
        name: value(HAP_TYPE.Name),
        configuredName: value(HAP_TYPE.ConfiguredName),
      };
    });
  }

  /** aid and iid of a characteristic of the accessory with this serial number. */
  async find(
    serialNumber: string,
    service: string,
    characteristic: string,
  ): Promise<{ aid: number; iid: number } | undefined> {
    const accessory = await this.accessory(serialNumber);
    const found = accessory?.services
      .find((candidate) => short(candidate.type) === service)
      ?.characteristics.find((candidate) => short(candidate.type) === characteristic);
    return accessory && found ? { aid: accessory.aid, iid: found.iid } : undefined;
  }

  /**
   * The characteristic once the bridge serves it: while Homebridge starts, its HAP server may refuse the
   * connection (a failed read counts as not served yet).
   */
  served(
    serialNumber: string,
    service: string,
    characteristic: string,
    timeoutMs: number,
    what = `${serialNumber} served`,
  ): Promise<{ aid: number; iid: number }> {
    return waitFor(
      () => this.find(serialNumber, service, characteristic).catch(() => undefined),
      timeoutMs,
      what,
    );
  }

  async read(at: { aid: number; iid: number }): Promise<{ value?: unknown; status?: number }> {
    const response = await fetch(`http://127.0.0.1:${this.port}/characteristics?id=${at.aid}.${at.iid}`);
    const body = (await response.json()) as { characteristics: { value?: unknown; status?: number }[] };
    return body.characteristics[0]!;
  }

  /** Writes a value; HAP wants the pin in the Authorization header even in insecure mode. */
  async write(at: { aid: number; iid: number }, value: unknown): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${this.port}/characteristics`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: PIN },
      body: JSON.stringify({ characteristics: [{ aid: at.aid, iid: at.iid, value }] }),
    });
    return response.status;
  }
}
