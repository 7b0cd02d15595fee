/** The contract's stable error codes and what to tell the person on his phone. */
export const errorMessages = {
  validation_failed: '填写的信息有误，请检查后再提交',
  unauthorized: '登录已过期，请重新进入小程序',
  forbidden: '您没有权限进行此操作',
  not_found: '内容不存在或已删除',
  conflict: '操作冲突，请刷新后重试',
  task_full: '手慢了，名额已被抢完',
  already_claimed: '您已经认领过这个任务',
  claim_window_closed: '任务已开始或已结束报名',
  registration_exists: '您已经报到过了',
  invalid_state: '当前状态下不能进行此操作',
  wechat_code_invalid: '微信登录失败，请重新进入小程序',
  wechat_unavailable: '微信服务繁忙，请稍后再试',
  rate_limited: '操作太频繁，请稍后再试',
  payload_too_large: '提交的内容太大',
  internal_error: '系统开小差了，请稍后再试',
  conflict_of_interest: '不能审核本人的事项，请由其他管理员处理',
  token_revoked: '权限已变更，请重新登录',
  period_closed: '该年度考核已结束，不能再增减红旗',
  idempotency_key_reused: '请求重复，请刷新后重试',
  unavailable: '系统繁忙，请稍后重试',
  method_not_allowed: '不支持此操作，请升级小程序后重试',
  out_of_stock: '手慢了，已经兑完了',
  insufficient_points: '积分不够，多参加志愿服务攒积分吧',
  limit_reached: '已达到每人限兑数量',
  checkin_code_invalid: '签到码无效或已过期，请扫描现场最新的签到码',
  outside_geofence: '您不在活动地点附近，请到现场后再签到',
  unsupported_media: '仅支持 JPEG、PNG、WebP 格式的照片',
  service_too_short: '签到时间太短，请服务一段时间后再签退',
  location_required: '请允许小程序获取您的位置后再签到',
  checkin_locked: '签到码错误次数过多，请稍后再试或请组织者现场登记',
  consent_required: '签到发送位置需要您同意位置信息授权，请在“我的—隐私与授权”中开启',
  totp_required: '请输入验证器 App 中的 6 位动态口令',
} as const;

export type ErrorCode = keyof typeof errorMessages;

/** The zh-CN message for a code; the server's title when the code is unknown to this build. */
export function messageFor(code: string | undefined, fallback?: string): string {
  return code !== undefined && code in errorMessages ? errorMessages[code as ErrorCode] : fallback ?? errorMessages.internal_error;
}
