// Excerpts of mini-program pages using the client. The README quotes these; CI type-checks them.
import { ApiError, ZhujiClient, newIdempotencyKey } from '../src/client';
import type { Schemas } from '../src/client';

// app.ts — one client for the whole mini-program.
export const api = new ZhujiClient({ baseUrl: 'https://xfwj.example.gov.cn' });

// app.ts onLaunch — log in silently; the token is kept in wx storage.
export async function onLaunch(): Promise<void> {
  const login = await api.signIn();
  if (login.user.registration === null) {
    // Not registered yet: the register page is opened by scanning the community's code.
  }
}

// pages/register/index.ts — opened by scanning the community's code.
export async function onRegisterPageLoad(query: { scene?: string }): Promise<Schemas['SceneDto']> {
  const scene = decodeURIComponent(query.scene ?? '');
  return api.resolveScene(scene);
}

export async function submitRegistration(scanned: Schemas['SceneDto'], workUnitId: string): Promise<void> {
  const registration = await api.register({
    name: '张三',
    phone: '13800138000',
    memberType: 'InService',
    workUnitId,
    communityId: scanned.community.id,
    blockId: scanned.blocks[0].id,
    building: '3幢',
    unit: '2单元',
    room: '301',
    skills: ['法律咨询'],
  });
  wx.showToast({ title: registration.status === 'Pending' ? '已提交，等待社区审核' : '报到成功' });
}

// pages/tasks/index.ts — the feed (tasks he is invited to by his skills head the first page, `invited`), and grabbing at 7 a.m.
export async function loadOpenTasks(cursor?: string): Promise<Schemas['TaskDto'][]> {
  const page = await api.listTasks({ limit: 20, cursor });
  return page.items.map((task) => (task.invited ? { ...task, title: `【邀请您】${task.title}` } : task));
}

export async function grab(task: Schemas['TaskDto'], shiftId?: string): Promise<void> {
  const key = newIdempotencyKey(); // one tap, one key: a retry of this tap cannot grab twice
  try {
    await api.claimTask(task.id, { shiftId }, key);
    wx.showToast({ title: '抢单成功', icon: 'success' });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'task_full') {
      await offerWaitlist(task, shiftId);
      return;
    }

    throw error;
  }
}

// 候补: full — offer the line; a freed place comes to him by itself (a subscribe message tells him).
export async function offerWaitlist(task: Schemas['TaskDto'], shiftId?: string): Promise<void> {
  const { confirm } = await new Promise<{ confirm: boolean }>((resolve) =>
    wx.showModal({ title: '名额已满', content: '是否排队候补？有人取消时按排队顺序自动递补，并通知您。', confirmText: '排队候补', success: resolve }),
  );
  if (!confirm) {
    return;
  }

  try {
    const entry = await api.joinWaitlist(task.id, shiftId);
    const title = entry.status === 'Promoted' ? '已递补成功' : `已排队，第 ${entry.position} 位`;
    wx.showToast({ title, icon: entry.status === 'Promoted' ? 'success' : 'none' });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid_state') {
      await api.claimTask(task.id, { shiftId }); // a place came free meanwhile: take it
      wx.showToast({ title: '抢单成功', icon: 'success' });
      return;
    }

    throw error;
  }
}

// pages/me/waitlist.ts — 我的候补 and 守约记录.
export async function loadWaitlistAndReliability(): Promise<string[]> {
  const [lines, reliability] = await Promise.all([api.myWaitlist({ limit: 20 }), api.myReliability()]);
  return [
    ...lines.items.map((l) => (l.status === 'Promoted' ? `${l.taskTitle}：已递补，请按时参加` : `${l.taskTitle}：候补第 ${l.position} 位`)),
    `守约记录：${reliability.summary}`,
  ];
}

// pages/flags/index.ts — this year's red flags.
export async function loadFlags(): Promise<string> {
  const flags = await api.myFlags();
  return flags.evaluated
    ? `${flags.year} 年已亮 ${flags.total} 面红旗（目标 ${flags.threshold} 面）${flags.compliant ? '，已达标' : ''}`
    : `${flags.year} 年已亮 ${flags.total} 面红旗`;
}

// pages/mall/index.ts — the points mall: the balance, what is on offer, redeeming with one tap.
export async function loadMall(): Promise<{ balance: string; items: Schemas['MallItemDto'][] }> {
  const [points, page] = await Promise.all([api.myPoints({ limit: 1 }), api.listMallItems({ limit: 20 })]);
  const expiring = points.expiringThisYear > 0 ? `（其中 ${points.expiringThisYear} 分将于今年底过期）` : '';
  return { balance: `我的积分 ${points.balance}${expiring}`, items: page.items.filter((item) => item.onSale) };
}

export async function redeem(item: Schemas['MallItemDto']): Promise<Schemas['RedemptionDto'] | undefined> {
  const key = newIdempotencyKey(); // one tap, one key: a retry cannot spend twice
  try {
    const redemption = await api.redeem(item.id, 1, key);
    wx.showToast({ title: `兑换成功，兑换码 ${redemption.code ?? ''}`, icon: 'success' });
    return redemption;
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'out_of_stock' || error.code === 'insufficient_points' || error.code === 'limit_reached')) {
      wx.showToast({ title: error.message, icon: 'none' });
      return undefined;
    }

    throw error;
  }
}

// pages/leaderboard/index.ts — the community's board, to share.
export async function loadBoard(): Promise<string[]> {
  const board = await api.leaderboard({ scope: 'Community', by: 'Flags' });
  return board.items.map((row) => `第 ${row.rank} 名 ${row.name}（${row.community}）${row.flags} 面红旗 · ${row.points} 积分`);
}

// pages/claims/checkin.ts — on site: scan the organiser's code to check in, again to check out.
export async function checkInOrOut(claim: Schemas['ClaimDto']): Promise<string | undefined> {
  const direction = claim.attendance?.checkedInAt ? 'out' : 'in';
  try {
    const answer = await api.scanCheckIn(claim.id, direction);
    return 'hours' in answer ? `已签退，本次服务 ${answer.hours} 小时` : '签到成功';
  } catch (error) {
    if (error instanceof ApiError && ['checkin_code_invalid', 'outside_geofence', 'invalid_state'].includes(error.code)) {
      wx.showToast({ title: error.message, icon: 'none' });
      return undefined;
    }

    throw error;
  }
}

// pages/claims/record.ts — photos first (each upload answers its url), then the record that carries them.
export async function recordWithPhotos(claim: Schemas['ClaimDto'], tempFilePaths: string[], content: string): Promise<Schemas['ClaimDto']> {
  const photos = await Promise.all(tempFilePaths.slice(0, 9).map((path) => api.uploadPhoto(path)));
  return api.recordService(claim.id, {
    servedAt: claim.taskStartsAt ?? new Date().toISOString(),
    hours: claim.attendance?.hours ?? 1,
    content,
    place: '',
    photoUrls: photos.map((photo) => photo.url),
  });
}

// pages/claims/report.ts — 自主申报: service done without a task, told by himself, with photos.
export async function reportOwnService(servedAt: string, hours: number, content: string, place: string, tempFilePaths: string[]): Promise<string> {
  const photos = await Promise.all(tempFilePaths.slice(0, 9).map((path) => api.uploadPhoto(path)));
  try {
    await api.reportService({ servedAt, hours, content, place, photoUrls: photos.map((photo) => photo.url) });
    return '已提交，待社区认定';
  } catch (error) {
    // 30 天以前的服务、未来的时间、别人的照片 (validation_failed), or ten reports still waiting (invalid_state).
    if (error instanceof ApiError && ['validation_failed', 'invalid_state'].includes(error.code)) return error.message;
    throw error;
  }
}

// pages/certificates/index.ts — this year's certificate, opened as a PDF on the phone.
export async function openCertificate(year: number): Promise<void> {
  const certificate = await api.issueCertificate(year);
  const filePath = await api.download(certificate.url);
  wx.openDocument({ filePath, fileType: 'pdf', showMenu: true });
}

// pages/privacy/index.ts — the notice before registering, the location consent, his data, cancellation.
export async function ensurePrivacyConsent(): Promise<void> {
  const consents = await api.myConsents();
  if (consents.privacyAccepted) return;
  const notice = await api.privacyNotice();
  const { confirm } = await new Promise<{ confirm: boolean }>((resolve) =>
    wx.showModal({ title: '个人信息保护政策', content: notice.text, confirmText: '同意', cancelText: '不同意', success: resolve }),
  );
  if (confirm) await api.giveConsent('Privacy', notice.version);
}

export async function allowLocationAtCheckIn(allow: boolean): Promise<void> {
  if (allow) await api.giveConsent('Location', (await api.privacyNotice()).version);
  else await api.withdrawConsent('Location');
}

export async function cancelMyAccount(): Promise<string> {
  const answer = await api.cancelAccount(); // irreversible: asked twice on the page before this call
  return answer.message;
}

// pages/me/notices.ts — 我的通知: the list, and one opened (which marks it read).
export async function loadNotices(): Promise<Schemas['MyNoticeDto'][]> {
  return (await api.myNotices({ limit: 20 })).items;
}

export async function openNotice(notice: Schemas['MyNoticeDto']): Promise<void> {
  if (!notice.read) {
    await api.readNotice(notice.id);
  }

  wx.showModal({ title: notice.title, content: `${notice.body}\n\n——${notice.from}`, confirmText: '知道了', success: () => undefined });
}

// pages/me/index.ts — his star (星级志愿者) under his name, and the tasks that asked for his skills.
export async function loadStarAndInvitations(): Promise<string[]> {
  const [me, invitations] = await Promise.all([api.me(), api.myInvitations({ limit: 10 })]);
  const star = me.starName ? `${me.starName}（累计服务 ${me.lifetimeHours ?? 0} 小时${me.nextStarHours ? `，${me.nextStarHours} 小时升星` : ''}）` : '';
  return [star, ...invitations.items.filter((i) => i.open && !i.claimedByMe).map((i) => `邀请您参加：${i.taskTitle}（${i.matchedSkills}）`)];
}
