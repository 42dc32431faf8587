export { createPipeline, type IngestOutcome, type Pipeline, type PipelineOptions, type RawRecord, type Rejection } from './pipeline.ts';
export { QueueFullError, SerialQueue } from './serial-queue.ts';
