import { Injectable } from '@nestjs/common';

/** What `/api/status` and the `napcat-status` frame say about the QQ bridge. */
export interface QqBridgeSnapshot {
  connected: boolean;
  selfId?: number;
  nickname?: string;
  groupCount: number;
  friendCount: number;
}

/** The QQ (NapCat OneBot) bridge as this instance sees it; kept current by QqBridgeService. */
@Injectable()
export class QqBridgeStatus {
  private state: QqBridgeSnapshot = { connected: false, groupCount: 0, friendCount: 0 };

  snapshot(): QqBridgeSnapshot {
    return { ...this.state };
  }

  update(change: Partial<QqBridgeSnapshot>): QqBridgeSnapshot {
    this.state = { ...this.state, ...change };
    return this.snapshot();
  }

  reset(): QqBridgeSnapshot {
    this.state = { connected: false, groupCount: 0, friendCount: 0 };
    return this.snapshot();
  }
}
